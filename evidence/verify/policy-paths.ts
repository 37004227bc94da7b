// The channel policies the verifier evaluates, by their configuration paths.
export const ENDORSEMENT_POLICY = '/Channel/Application/Endorsement';
export const BLOCK_VALIDATION_POLICY = '/Channel/Orderer/BlockValidation';
export const LIFECYCLE_ENDORSEMENT_POLICY = '/Channel/Application/LifecycleEndorsement';
