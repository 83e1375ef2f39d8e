/**
 * Which globals a pickle may import. Unpickling resolves every GLOBAL / STACK_GLOBAL / INST
 * target with `find_class` (an import plus getattr) and REDUCE / OBJ / NEWOBJ then call it, so an
 * import IS the code a pickle can run. An allow-list, not a deny-list: picklescan and ModelScan
 * deny-list os, posix, nt, subprocess, builtins.eval/exec/__import__/getattr, runpy, socket, ...,
 * and a deny-list is bypassed by any module it forgets (published bypasses of such scanners do exactly that).
 */

/**
 * The default allow-list: exactly the globals `torch.save` and numpy emit for a state dict of
 * tensors or arrays, each a constructor that builds data and calls nothing supplied by the file.
 */
export const DEFAULT_PICKLE_IMPORT_ALLOW_LIST: readonly string[] = [
  // torch state_dict() returns an OrderedDict; its REDUCE takes a list of (key, tensor) pairs.
  "collections.OrderedDict",
  // Tensor.__reduce_ex__ pickles every tensor as _rebuild_tensor_v2(storage, offset, size, stride, ...).
  "torch._utils._rebuild_tensor_v2",
  // nn.Parameter pickles as _rebuild_parameter(tensor, requires_grad, hooks) around the tensor above.
  "torch._utils._rebuild_parameter",
  // Storage type named in the BINPERSID tuple ('storage', torch.<Type>Storage, key, location, numel):
  // torch.serialization resolves the data from the archive's data/ entries, the class only types it.
  "torch.FloatStorage",
  "torch.DoubleStorage",
  "torch.HalfStorage",
  "torch.BFloat16Storage",
  "torch.LongStorage",
  "torch.IntStorage",
  "torch.ShortStorage",
  "torch.CharStorage",
  "torch.ByteStorage",
  "torch.BoolStorage",
  // ndarray.__reduce__ returns (_reconstruct, (ndarray, (0,), b'b'), state): an empty array, then BUILD
  // fills it from bytes. numpy 2 moved the module to numpy._core.
  "numpy.core.multiarray._reconstruct",
  "numpy._core.multiarray._reconstruct",
  "numpy.ndarray",
  // dtype.__reduce__ rebuilds a dtype from its type code string.
  "numpy.dtype",
  // Protocol 2 pickles a Python 3 bytes object as _codecs.encode(text, 'latin1'): a pure function.
  "_codecs.encode",
  // Protocols 0-3 have no set opcode: a set pickles as builtins.set(list). Other builtins stay out.
  "builtins.set",
  "builtins.frozenset",
  // Python 3 writes protocols 0-2 with Python 2 names (pickle.py fix_imports via _compat_pickle).
  "__builtin__.set",
  "__builtin__.frozenset",
];

/**
 * Known code-execution targets, used only to word the finding ("known dangerous"); every import
 * outside the allow-list rejects whether listed here or not. Modules (any name in them) and exact
 * globals, in the spirit of the lists picklescan and ModelScan keep (not copied from them).
 */
const DANGEROUS_MODULES = new Set([
  "os", "posix", "nt", "subprocess", "_posixsubprocess", "sys", "socket", "runpy", "shutil",
  "pty", "commands", "webbrowser", "importlib", "pickle", "_pickle", "marshal", "ctypes",
  "code", "codeop", "pdb", "timeit", "cProfile", "profile", "asyncio", "multiprocessing",
]);
const DANGEROUS_GLOBALS = new Set(
  ["eval", "exec", "execfile", "compile", "__import__", "getattr", "setattr", "delattr",
    "open", "breakpoint", "input", "apply", "globals", "locals", "vars"]
    .flatMap((n) => [`builtins.${n}`, `__builtin__.${n}`, `__builtins__.${n}`])
    .concat(["operator.attrgetter", "operator.methodcaller", "functools.partial", "torch.load"]),
);

/** True when `module.name` is a known code-execution target (for the finding's wording). */
export function isKnownDangerous(module: string, name: string): boolean {
  const top = module.split(".")[0] ?? module;
  return DANGEROUS_MODULES.has(top) || DANGEROUS_GLOBALS.has(`${module}.${name}`);
}
