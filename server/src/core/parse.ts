import * as ts from 'typescript';
import { isJsx } from './files';

/**
 * How every code file is parsed: the file being analysed and the modules its values are followed
 * into alike (parent pointers set, script kind from the extension).
 */
export function parseCode(path: string, text: string): ts.SourceFile {
  return ts.createSourceFile(
    path,
    text,
    ts.ScriptTarget.Latest,
    true,
    isJsx(path) ? ts.ScriptKind.TSX : /\.[cm]?js$/i.test(path) ? ts.ScriptKind.JS : ts.ScriptKind.TS,
  );
}
