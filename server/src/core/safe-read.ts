import * as fs from 'fs';
import * as path from 'path';
import { mebibytes } from './files';

/**
 * Reads of files a stranger may have committed. A repository can hold a FIFO (a read never ends), a
 * symbolic link to `/dev/zero` or `/proc/self/pagemap` (`stat` says 0 bytes, the read never stops) or
 * to a folder outside it (`etc -> /etc`, `all -> /`). So: only regular files are read, opened
 * without blocking and checked on the open descriptor (a FIFO swapped in after a check cannot block),
 * byte caps are enforced while reading, and a path given with its root is read only when its real
 * path stays inside that root. Every refusal is a reason a user can read.
 */

/** A file's bytes, or why it was not read. */
export type BoundedRead = Buffer | { readonly skip: string };

const C = fs.constants;
/** Flags that exist on Linux and macOS; 0 where the platform has none (Windows has no FIFOs to fear). */
const O_NONBLOCK = C.O_NONBLOCK ?? 0;
const O_NOFOLLOW = C.O_NOFOLLOW ?? 0;
const O_NOCTTY = C.O_NOCTTY ?? 0;
const READ_FLAGS = C.O_RDONLY | O_NONBLOCK | O_NOCTTY;
/** Size of each read when the size is not known in advance (`/proc` files say 0). */
const CHUNK = 64 * 1024;

/** What a non-regular file is, in the words of the skip reason (from `stat` or a folder listing). */
export function fileTypeName(st: fs.Stats | fs.Dirent): string {
  if (st.isFIFO()) return 'FIFO';
  if (st.isSocket()) return 'socket';
  if (st.isCharacterDevice()) return 'character device';
  if (st.isBlockDevice()) return 'block device';
  if (st.isDirectory()) return 'folder';
  if (st.isSymbolicLink()) return 'symbolic link';
  return 'special file';
}

/** The skip reason of an entry that is not a regular file. */
export function notRegularReason(st: fs.Stats | fs.Dirent): string {
  return `not a regular file (${fileTypeName(st)})`;
}

/** Why a file read by name was not read: it is not there. */
export const NO_SUCH_FILE = 'no such file';

/** The skip reason of a symbolic link whose target lies outside the audited folder. */
export const OUTSIDE_ROOT = 'symbolic link to outside the audited folder';

export function unreadable(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  // O_NOFOLLOW on a link: the caller asked for the file itself, and it is a link.
  if (code === 'ELOOP') return 'symbolic link not followed';
  return `unreadable (${code ?? 'error'})`;
}

/** Whether `target` is `root` or lies under it (both real, absolute paths). */
export function isInside(root: string, target: string): boolean {
  if (target === root) return true;
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  return target.startsWith(prefix);
}

/** The real path of `p` (links resolved), or undefined when it does not resolve. */
export function realPath(p: string): string | undefined {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return undefined;
  }
}

export interface ReadOptions {
  /** Bytes at most: a larger file is refused, whatever `stat` said. */
  readonly max: number;
  /** How the cap reads in a reason (`2 MiB`). */
  readonly label: string;
  /** Refuse a symbolic link at the last component (true where the caller already resolved it). */
  readonly noFollow?: boolean;
}

/**
 * Reads a regular file of at most `max` bytes: opened without blocking, its type checked on the
 * descriptor, read up to the cap (a file that grows past it, or says 0 and is not, is refused).
 * The same number of system calls as `readFileSync` for an ordinary file.
 */
export function readRegularFile(abs: string, options: ReadOptions): BoundedRead {
  let fd: number;
  try {
    fd = fs.openSync(abs, READ_FLAGS | (options.noFollow ? O_NOFOLLOW : 0));
  } catch (err) {
    return { skip: unreadable(err) };
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { skip: notRegularReason(st) };
    if (st.size > options.max) return { skip: `larger than ${options.label} (${mebibytes(st.size)})` };
    return st.size > 0 ? readKnown(fd, st.size) : readUnknown(fd, options);
  } catch (err) {
    return { skip: unreadable(err) };
  } finally {
    fs.closeSync(fd);
  }
}

/** A file whose size `stat` gave: never more than that many bytes (a growing file is cut there). */
function readKnown(fd: number, size: number): Buffer {
  const buf = Buffer.allocUnsafe(size);
  let off = 0;
  while (off < size) {
    const n = fs.readSync(fd, buf, off, size - off, null);
    if (n === 0) break;
    off += n;
  }
  return off === size ? buf : buf.subarray(0, off);
}

/** A file that says 0 bytes (`/proc`, `/sys`, or empty): read in chunks, refused past the cap (memory: cap + one chunk). */
function readUnknown(fd: number, options: ReadOptions): BoundedRead {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    // Whole chunks: some of these files accept only aligned reads (pagemap: multiples of 8 bytes).
    const chunk = Buffer.allocUnsafe(CHUNK);
    const n = fs.readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) break;
    total += n;
    if (total > options.max) return { skip: `larger than ${options.label} (still growing when the read stopped)` };
    chunks.push(chunk.subarray(0, n));
  }
  return Buffer.concat(chunks, total);
}

/**
 * Reads `abs`, a path under `root`, only when it stays inside `root` once every link on the way is
 * resolved (a link to `/dev/zero`, a folder link to `/etc`), and only a regular file. One `lstat`
 * and one `realpath` per read: meant for reads by name (imported modules, manifests, the config
 * file), not for the files of a walk, which are checked as they are found.
 */
export function readInsideRoot(root: string, abs: string, options: Omit<ReadOptions, 'noFollow'>): BoundedRead {
  const resolvedRoot = path.resolve(root);
  const resolved = path.resolve(abs);
  if (!isInside(resolvedRoot, resolved) || resolved === resolvedRoot) return { skip: 'outside the audited folder' };
  let target: string;
  try {
    const lst = fs.lstatSync(resolved);
    if (!lst.isSymbolicLink() && !lst.isFile()) return { skip: notRegularReason(lst) };
    target = fs.realpathSync.native(resolved);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { skip: code === 'ENOENT' || code === 'ENOTDIR' ? NO_SUCH_FILE : unreadable(err) };
  }
  const realRoot = realPath(resolvedRoot);
  if (realRoot === undefined || !isInside(realRoot, target)) return { skip: OUTSIDE_ROOT };
  // The real path names the file itself: a link swapped in after this check is refused, not followed.
  return readRegularFile(target, { ...options, noFollow: true });
}
