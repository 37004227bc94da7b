// Compose variable references: values each org sets in deploy/<org>/.env, not
// in the generated file (secrets, addresses, the chaincode package ID).

/** `${NAME:?why}`: compose refuses to start while NAME is unset or empty, and says why. */
export const requiredVar = (name: string, why: string) => `\${${name}:?${why}}`;

/** `${NAME}`: expanded from .env by compose (a `:?` reference elsewhere in the service makes it required). */
export const plainVar = (name: string) => `\${${name}}`;
