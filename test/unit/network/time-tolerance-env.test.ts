// The native launcher passes the endorsed-time tolerance on to each org's chaincode server.
import { timeToleranceEnv } from '../../../network/native/chaincode';

describe('timeToleranceEnv', () => {
  it('passes NOTARY_TIME_TOLERANCE_SECONDS on, or nothing (the chaincode default, 300 s) when unset', () => {
    expect(timeToleranceEnv('court', {})).toEqual({});
    expect(timeToleranceEnv('court', { NOTARY_TIME_TOLERANCE_SECONDS: '' })).toEqual({});
    expect(timeToleranceEnv('court', { NOTARY_TIME_TOLERANCE_SECONDS: '120' })).toEqual({ NOTARY_TIME_TOLERANCE_SECONDS: '120' });
  });
  it('lets one org override it with NOTARY_TIME_TOLERANCE_SECONDS_<ORG KEY>', () => {
    const env = { NOTARY_TIME_TOLERANCE_SECONDS: '120', NOTARY_TIME_TOLERANCE_SECONDS_LAWFIRMA: '60' };
    expect(timeToleranceEnv('lawfirma', env)).toEqual({ NOTARY_TIME_TOLERANCE_SECONDS: '60' });
    expect(timeToleranceEnv('court', env)).toEqual({ NOTARY_TIME_TOLERANCE_SECONDS: '120' });
  });
});
