// Chaincode event names. Fabric keeps one event per transaction, so a batch
// emits one event naming every record it wrote.
export const EVENTS = {
  contractsRegistered: 'ContractsRegistered',
  contractAmended: 'ContractAmended',
  contractTerminated: 'ContractTerminated',
  arrearsRecorded: 'ArrearsRecorded',
  riskThresholdSet: 'RiskThresholdSet',
  riskWarningRaised: 'RiskWarningRaised',
  riskWarningCleared: 'RiskWarningCleared',
  disputeStageChanged: 'DisputeStageChanged',
  letterReceiptAnchored: 'LetterReceiptAnchored',
} as const;

export type EventName = (typeof EVENTS)[keyof typeof EVENTS];
