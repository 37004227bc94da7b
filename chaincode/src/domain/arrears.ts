// Arrears: balances per contract, overdue status, project ratio, threshold
// crossing. Split by job across the files below; import from here.
export * from './arrears-balance';
export * from './arrears-record';
export * from './arrears-ratio';
export * from './arrears-ratio-delta';
