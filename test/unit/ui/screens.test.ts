// The screens' pure parts: which role opens which page, the funnel's
// conversions, the stage table's order, and the two dictionaries.
import { en } from '../../../ui/src/i18n/en';
import { zh } from '../../../ui/src/i18n/zh';
import { funnelSteps, percent } from '../../../ui/src/funnel';
import { homePage, pageAllowed } from '../../../ui/src/roles';
import { countByStage, longestWaitingFirst } from '../../../ui/src/stages';

describe('pages by role', () => {
  it.each([
    ['court', 'CourtMSP', 'mediator', true],
    ['court', 'CourtMSP', 'judge', true],
    ['court', 'LawFirmAMSP', 'lawyer', false],
    ['court', 'HousingBureauMSP', 'regulator', false],
    ['bureau', 'HousingBureauMSP', 'regulator', true],
    ['bureau', 'HousingBureauMSP', 'property-company', false],
    ['company', 'HousingBureauMSP', 'property-company', true],
    ['company', 'CourtMSP', 'judge', false],
    ['lawfirm', 'LawFirmBMSP', 'lawyer', true],
    ['lawfirm', 'CourtMSP', 'mediator', false],
  ] as const)('%s for %s %s: %s', (page, mspId, role, allowed) => {
    expect(pageAllowed(page, { mspId, role })).toBe(allowed);
  });

  it('each client lands on its own page', () => {
    expect(homePage({ mspId: 'CourtMSP', role: 'judge' })).toBe('court');
    expect(homePage({ mspId: 'HousingBureauMSP', role: 'property-company' })).toBe('company');
    expect(homePage({ mspId: 'X', role: 'admin' })).toBeUndefined();
  });
});

describe('funnel', () => {
  it("the pilot's numbers: each milestone over the previous one", () => {
    const steps = funnelSteps({ contracts: 2068, lettersSent: 391, viewed: 216, settled: 125, referredToMediation: 110, mediated: 23 });
    expect(steps.map((s) => [s.key, s.count, percent(s.conversion)])).toEqual([
      ['contracts', 2068, '–'],
      ['lettersSent', 391, '18.9%'],
      ['viewed', 216, '55.2%'],
      ['settled', 125, '57.9%'],
      ['referredToMediation', 110, '88.0%'],
      ['mediated', 23, '20.9%'],
    ]);
  });

  it('no conversion from an empty milestone', () => {
    expect(funnelSteps({ contracts: 0, lettersSent: 0, viewed: 0, settled: 0, referredToMediation: 0, mediated: 0 })[1]!.conversion).toBeNull();
  });
});

describe('disputes by stage', () => {
  const d = (disputeId: string, stage: string, updatedAt: string) => ({ disputeId, projectId: 'P', stage, openedAt: '2024-01-01T00:00:00Z', updatedAt });
  it('open disputes first, the longest in its stage first; closed ones after', () => {
    const rows = [d('new', 'OPENED', '2024-03-01'), d('done', 'SETTLED', '2024-01-02'), d('old', 'LETTER_SENT', '2024-02-01')];
    expect(longestWaitingFirst(rows).map((r) => r.disputeId)).toEqual(['old', 'new', 'done']);
    expect(countByStage(rows, ['OPENED', 'SETTLED', 'RESOLVED'])).toEqual({ OPENED: 1, SETTLED: 1, RESOLVED: 0 });
  });
});

describe('dictionaries', () => {
  it('Chinese and English have the same keys, none empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    expect(Object.entries({ ...zh, ...en }).filter(([, v]) => v.length === 0)).toEqual([]);
  });
});
