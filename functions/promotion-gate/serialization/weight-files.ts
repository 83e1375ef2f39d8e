/**
 * File extensions that model loaders deserialize as weights or pickled objects. A file with one
 * of these must be in a format the scanner establishes from its bytes; any other file (config
 * JSON, tokenizer, README) passes unless its bytes turn out to be a pickle or a model format,
 * which are then held to the same allow-lists. picklescan and ModelScan pick files the same way,
 * by the extensions loaders open (mmaitre314/picklescan `scanner.py` `_pickle_file_extensions`,
 * `_zip_file_extensions`; protectai/modelscan `settings.py` `supported_extensions`).
 */
export const WEIGHT_FILE_EXTENSIONS: readonly string[] = [
  ".safetensors", ".onnx", ".gguf", ".ggml",
  ".pkl", ".pickle", ".pt", ".pth", ".bin", ".ckpt", ".joblib", ".dill", ".mar",
  ".npy", ".npz", ".h5", ".hdf5", ".keras", ".pb", ".tflite", ".msgpack", ".zip",
];

/** True when a loader would deserialize the file by its name. */
export function isWeightFile(name: string): boolean {
  const lower = name.toLowerCase();
  return WEIGHT_FILE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}
