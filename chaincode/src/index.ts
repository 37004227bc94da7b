import { DocumentAnchorContract } from './contracts/document-anchor';

export const contracts = [DocumentAnchorContract];
