import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { CattleprodError } from "../core/index.ts";

/** Largest key file read: a PEM key is a few hundred bytes. */
const PEM_BYTES = 64 * 1024;

async function readPem(file: string, what: string): Promise<string> {
  const fail = (reason: string) =>
    new CattleprodError("E_KEY", `Failed to read ${what} "${file}": ${reason}. Give a PEM file written by cattleprod keygen.`);
  let handle;
  try {
    // Non-blocking, so a pipe nobody writes to is refused at once; a key is a small regular file.
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw fail((error as { code?: string }).code === "ENOENT" ? "no such file" : ((error as Error).message.split("\n")[0] ?? ""));
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw fail(stats.isDirectory() ? "it is a folder" : "it is not a regular file");
    if (stats.size > PEM_BYTES) throw fail(`the file is ${stats.size} bytes, too large for a key (limit ${PEM_BYTES})`);
    return await handle.readFile("utf8");
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** The labels of a PEM text's blocks: "PUBLIC KEY", "PRIVATE KEY", "ENCRYPTED PRIVATE KEY", ... */
function pemLabels(pem: string): string[] {
  return [...pem.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----/g)].map((m) => m[1] ?? "");
}

function ed25519(key: KeyObject, file: string, what: string): KeyObject {
  if (key.asymmetricKeyType !== "ed25519") {
    throw new CattleprodError(
      "E_KEY",
      `Failed to read ${what} "${file}": it is a ${key.asymmetricKeyType ?? "unknown"} key. Use an ed25519 key (cattleprod keygen).`,
    );
  }
  return key;
}

/** Reads an ed25519 private key (PKCS#8 PEM); E_KEY when missing, unreadable or of another type. */
export async function readPrivateKey(file: string): Promise<KeyObject> {
  const pem = await readPem(file, "private key");
  try {
    return ed25519(createPrivateKey(pem), file, "private key");
  } catch (error) {
    if (error instanceof CattleprodError) throw error;
    throw new CattleprodError(
      "E_KEY",
      `Failed to read private key "${file}": not a PEM private key. Give the private.pem written by cattleprod keygen.`,
      { cause: error },
    );
  }
}

/** Reads an ed25519 public key (SPKI PEM); E_KEY when missing, unreadable, a private key, or of another type. */
export async function readPublicKey(file: string): Promise<KeyObject> {
  const pem = await readPem(file, "public key");
  // Node derives a public key from a private PEM; verifying with one means the private key travelled with the bundle.
  if (pemLabels(pem).some((label) => label.includes("PRIVATE KEY")))
    throw new CattleprodError(
      "E_KEY",
      `Failed to read public key "${file}": it is a private key. Give the public key (public.pem from cattleprod keygen); ` +
        "the private key stays with whoever signs.",
    );
  try {
    return ed25519(createPublicKey(pem), file, "public key");
  } catch (error) {
    if (error instanceof CattleprodError) throw error;
    throw new CattleprodError(
      "E_KEY",
      `Failed to read public key "${file}": not a PEM public key. Give the public.pem written by cattleprod keygen.`,
      { cause: error },
    );
  }
}
