import { createReadStream } from "node:fs";
import { join } from "node:path";
import { directoryFiles } from "../oms/digest";
import { DEFAULT_IGNORE_PATHS } from "../oms/names";
import { openFileSource } from "../serialization/source";
import { stat } from "node:fs/promises";
import { VersionObject, VersionReader } from "./types";

/**
 * A local model folder as the gate sees an upload, for `blueprint model check`: every regular
 * file becomes an object (symbolic links are refused, as the gate's object stores have none),
 * and the signature may live outside the folder (`--signature`), in which case it is presented
 * as `model.sig` the way the upload will carry it.
 */
export async function localVersion(dir: string, signaturePath: string, signatureName = "model.sig"): Promise<{ objects: VersionObject[]; reader: VersionReader }> {
  // The git metadata a checkout carries is never uploaded, so it is not part of the version.
  const names = (await directoryFiles(dir).list(DEFAULT_IGNORE_PATHS)).filter((n) => n !== signatureName);
  const objects: VersionObject[] = [];
  for (const name of names) objects.push({ name, size: (await stat(join(dir, ...name.split("/")))).size });
  objects.push({ name: signatureName, size: (await stat(signaturePath)).size });
  const pathOf = (name: string): string => (name === signatureName ? signaturePath : join(dir, ...name.split("/")));
  return {
    objects,
    reader: {
      open: (name) => createReadStream(pathOf(name)),
      source: (name) => openFileSource(pathOf(name), name),
    },
  };
}
