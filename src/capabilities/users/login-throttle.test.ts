import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LoginThrottle } from './login-throttle.js';

describe('LoginThrottle', () => {
  const policy = { freeAttempts: 3, baseLockoutMs: 10_000, maxLockoutMs: 40_000, windowMs: 60_000 };

  it('allows the free attempts, then locks out for a doubling time up to the maximum', () => {
    let now = 0;
    const throttle = new LoginThrottle(policy, () => now);
    const keys = ['ip:1', 'user:a'];
    for (let i = 0; i < 3; i++) throttle.fail(keys);
    assert.equal(throttle.retryAfterSeconds(keys), 0);
    throttle.fail(keys);
    assert.equal(throttle.retryAfterSeconds(keys), 10);
    throttle.fail(keys);
    assert.equal(throttle.retryAfterSeconds(keys), 20);
    throttle.fail(keys);
    throttle.fail(keys);
    assert.equal(throttle.retryAfterSeconds(keys), 40);
    now += 40_001;
    assert.equal(throttle.retryAfterSeconds(keys), 0);
  });

  it('locks an account for every address (guessing from many machines)', () => {
    const now = 0;
    const throttle = new LoginThrottle(policy, () => now);
    for (let i = 0; i < 4; i++) throttle.fail([`ip:${i}`, 'user:owner']);
    assert.ok(throttle.retryAfterSeconds(['ip:99', 'user:owner']) > 0);
    assert.equal(throttle.retryAfterSeconds(['ip:99', 'user:other']), 0);
  });

  it('forgets failures after a success and after the window', () => {
    let now = 0;
    const throttle = new LoginThrottle(policy, () => now);
    for (let i = 0; i < 3; i++) throttle.fail(['k']);
    throttle.succeed(['k']);
    throttle.fail(['k']);
    assert.equal(throttle.retryAfterSeconds(['k']), 0);
    for (let i = 0; i < 2; i++) throttle.fail(['k']);
    now += 61_000;
    throttle.fail(['k']);
    assert.equal(throttle.retryAfterSeconds(['k']), 0);
  });
});
