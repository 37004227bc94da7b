// Network operations (restarts, upgrades) take tens of seconds.
jest.setTimeout(180_000);
