import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { readFile } from "node:fs/promises";
import { CattleprodError } from "../core/index.ts";

async function readPem(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    const reason = (error as { code?: string }).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new CattleprodError("E_KEY", `Failed to read ${what} "${file}": ${reason}. Give a PEM file written by cattleprod keygen.`, {
      cause: error,
    });
  }
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

/** Reads an ed25519 public key (SPKI PEM); E_KEY when missing, unreadable or of another type. */
export async function readPublicKey(file: string): Promise<KeyObject> {
  const pem = await readPem(file, "public key");
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
