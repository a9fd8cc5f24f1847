import { describe, expect, it } from 'vitest';
import { sharedBuffersMb } from './embedded';

const gib = 1024 * 1024 * 1024;

describe('the embedded cluster’s shared buffers', () => {
  it.each([
    [1, 256],
    [2, 256],
    [4, 512],
    [8, 1024],
    [16, 2048],
    [24, 2048],
    [256, 2048],
  ])('on a machine of %i GiB: %i MB', (machineGib, expectedMb) => {
    expect(sharedBuffersMb(machineGib * gib)).toBe(expectedMb);
  });
});
