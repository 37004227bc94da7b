// Three dependencies of the API ship only ES modules, which jest's CommonJS
// module registry cannot load: typebox 1.x (api/schemas), content-disposition 3
// (@fastify/static, under @fastify/swagger-ui) and cookie 2 (light-my-request,
// behind app.inject). Node >= 20.19 require()s ES modules natively, so every
// test file gets them from Node's own loader.
jest.mock('typebox', () => nativeRequire('typebox'));
jest.mock('content-disposition', () => nativeRequire('content-disposition'));
jest.mock('cookie', () => nativeRequire('cookie'));

function nativeRequire(id: string): unknown {
  const { Module } = jest.requireActual<{ Module: { new (id: string): NodeJS.Module; _nodeModulePaths(dir: string): string[] } }>('node:module');
  const native = new Module(__filename);
  native.filename = __filename;
  native.paths = Module._nodeModulePaths(__dirname);
  return native.require(id);
}
