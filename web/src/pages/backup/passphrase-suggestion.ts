// A strong passphrase suggested in the browser: 6 groups of 5 characters from an alphabet without
// look-alikes (no 0/o, 1/l/i), easy to write down and type again; about 148 bits of randomness.
const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
const GROUPS = 6;
const GROUP_LENGTH = 5;

export function suggestPassphrase(): string {
  const wanted = GROUPS * GROUP_LENGTH;
  const chars: string[] = [];
  // Bytes at or above the largest multiple of the alphabet's size are thrown away: no character is
  // more likely than another.
  const limit = 256 - (256 % ALPHABET.length);
  while (chars.length < wanted) {
    const bytes = crypto.getRandomValues(new Uint8Array(wanted * 2));
    for (const byte of bytes) {
      if (byte < limit && chars.length < wanted) chars.push(ALPHABET[byte % ALPHABET.length] ?? '');
    }
  }
  const groups: string[] = [];
  for (let i = 0; i < wanted; i += GROUP_LENGTH) groups.push(chars.slice(i, i + GROUP_LENGTH).join(''));
  return groups.join('-');
}
