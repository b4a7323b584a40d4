// Restart decisions: doubling delays with a cap, giving up past the limit, forgetting old crashes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_RESTART_POLICY, decideRestart } from './backoff.js';

describe('restart backoff', () => {
  it('doubles the delay per crash and gives up after maxRestarts within the window', () => {
    let crashes: number[] = [];
    const delays: number[] = [];
    let decision;
    for (let second = 0; second < 6; second++) {
      decision = decideRestart(crashes, second * 1000, DEFAULT_RESTART_POLICY);
      crashes = decision.recent;
      if (decision.restart) delays.push(decision.delayMs);
    }
    assert.deepEqual(delays, [500, 1000, 2000, 4000, 8000]);
    assert.equal(decision?.restart, false);
    assert.equal(decision?.crashes, 6);
  });

  it('caps the delay', () => {
    const policy = { ...DEFAULT_RESTART_POLICY, maxRestarts: 100, maxDelayMs: 3000 };
    const earlier = Array.from({ length: 10 }, (_, i) => i);
    assert.equal(decideRestart(earlier, 10, policy).delayMs, 3000);
  });

  it('forgets crashes older than the window', () => {
    const decision = decideRestart([0, 1000, 2000, 3000, 4000], 63_500, DEFAULT_RESTART_POLICY);
    assert.deepEqual(decision.recent, [4000, 63_500]);
    assert.equal(decision.restart, true);
    assert.equal(decision.delayMs, 1000);
  });
});
