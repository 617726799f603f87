// A minimal VS Code client for `rensa lsp` (docs/TOOLS.md): starts the server on standard
// input and output for every .ron file.
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

exports.activate = function () {
  const cfg = vscode.workspace.getConfiguration('rensa');
  const server = { command: cfg.get('path', 'rensa'), args: ['lsp', '--lang', cfg.get('lang', 'en')] };
  client = new LanguageClient('rensa', 'rensa', server, {
    documentSelector: [{ scheme: 'file', language: 'ron' }],
  });
  return client.start();
};

exports.deactivate = function () {
  return client ? client.stop() : undefined;
};
