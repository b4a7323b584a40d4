// `systemctl show` parsing and the mapping of systemd's unit states to runtime states.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failureReason, parseUnitState, runtimeStateOf } from './systemd-state.js';

describe('systemd unit state', () => {
  it('parses systemctl show output', () => {
    const state = parseUnitState(
      'ActiveState=active\nSubState=running\nMainPID=4242\nResult=success\nExecMainStatus=0\nNRestarts=2\n',
    );
    assert.deepEqual(state, {
      activeState: 'active',
      subState: 'running',
      mainPid: 4242,
      result: 'success',
      execMainStatus: 0,
      restarts: 2,
    });
  });

  it('maps every ActiveState to a runtime state', () => {
    const mapped = Object.fromEntries(
      ['active', 'reloading', 'activating', 'deactivating', 'failed', 'inactive', 'maintenance'].map(
        (active) => [active, runtimeStateOf(parseUnitState(`ActiveState=${active}`))],
      ),
    );
    assert.deepEqual(mapped, {
      active: 'running',
      reloading: 'running',
      activating: 'starting',
      deactivating: 'stopping',
      failed: 'failed',
      inactive: 'stopped',
      maintenance: 'stopped',
    });
    assert.equal(runtimeStateOf(parseUnitState('ActiveState=activating\nSubState=auto-restart')), 'starting');
  });

  it('says in plain words why a unit failed', () => {
    const reason = (show: string) => failureReason(parseUnitState(`ActiveState=failed\n${show}`));
    assert.equal(reason('Result=exit-code\nExecMainStatus=3'), 'exited with code 3');
    assert.equal(reason('Result=signal\nExecMainStatus=9'), 'was killed by signal 9');
    assert.equal(reason('Result=start-limit-hit'), 'crashed too often in a short time');
    assert.equal(reason('Result=oom-kill'), 'was killed because the server ran out of memory');
    assert.equal(reason('Result=something-new'), 'failed (something-new)');
  });
});
