import { describe, expect, it } from 'vitest';
import { controlPlaneUpgradeRefusal, kubeletSupported, kubeMinor, maxKubeletLag, nodeUpgradeMinor } from '../../../src/model/runtime/upgradeSkew.js';

describe('the Kubernetes version skew rule', () => {
  it('reads minors from versions', () => {
    expect(kubeMinor('1.31')).toBe(31);
    expect(kubeMinor('1.28.4')).toBe(28);
    expect(kubeMinor('2.0')).toBeNaN();
  });

  it('a kubelet is never newer than its API server', () => {
    expect(kubeletSupported(30, 31)).toBe(false);
    expect(kubeletSupported(31, 31)).toBe(true);
  });

  it('kubelets may lag three minors from 1.25 on, two before (so three from API server 1.28)', () => {
    expect(maxKubeletLag(25)).toBe(3);
    expect(maxKubeletLag(24)).toBe(2);
    expect(kubeletSupported(28, 25)).toBe(true);
    expect(kubeletSupported(29, 25)).toBe(false);
    expect(kubeletSupported(27, 24)).toBe(false); // an API server of 1.27 accepts two minors only
    expect(kubeletSupported(26, 24)).toBe(true);
    expect(kubeletSupported(34, 31)).toBe(true);
    expect(kubeletSupported(35, 31)).toBe(false);
  });

  it('the control plane goes one minor at a time, and only while every kubelet stays supported', () => {
    expect(controlPlaneUpgradeRefusal(31, 32, [31, 30])).toBeUndefined();
    expect(controlPlaneUpgradeRefusal(31, 33, [31])).toBe('notOneMinor');
    expect(controlPlaneUpgradeRefusal(31, 31, [31])).toBe('notOneMinor');
    expect(controlPlaneUpgradeRefusal(31, 32, [31, 29])).toBeUndefined(); // 32 − 29 = 3
    expect(controlPlaneUpgradeRefusal(31, 32, [31, 28])).toBe('kubeletTooOld');
    expect(controlPlaneUpgradeRefusal(26, 27, [24])).toBe('kubeletTooOld'); // a 1.24 kubelet may lag two only
    expect(controlPlaneUpgradeRefusal(26, 27, [])).toBeUndefined();
  });

  it('upgraded nodes take the control plane minor', () => {
    expect(nodeUpgradeMinor(32)).toBe(32);
  });
});
