// Public surface of the users capability.
export {
  UserAccounts,
  checkCredentialsShape,
  USERNAME_PATTERN,
  PASSWORD_MIN_LENGTH,
  type User,
} from './accounts.js';
export { Sessions, type Session } from './sessions.js';
export { LoginThrottle, DEFAULT_THROTTLE, type ThrottlePolicy } from './login-throttle.js';
