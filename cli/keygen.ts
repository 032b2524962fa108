import { generateKeyPairSync } from "node:crypto";
import { access } from "node:fs/promises";
import { join } from "node:path";
import { isCattleprodError } from "../core/index.ts";
import { keyIdOf } from "../reports/index.ts";
import type { CliIo } from "./main.ts";
import { ensureWritableFolder } from "./make-folders.ts";
import { writeAtomic } from "./write-atomic.ts";

/**
 * `cattleprod keygen --out DIR`: writes a fresh ed25519 key pair, DIR/private.pem (PKCS#8,
 * mode 0600) and DIR/public.pem (SPKI). Refuses (exit 2) to overwrite an existing key.
 */
export async function keygenCommand(dir: string, io: CliIo): Promise<number> {
  try {
    await ensureWritableFolder(dir);
  } catch (error) {
    if (!isCattleprodError(error)) throw error;
    io.err(`${error.message}\n`);
    return 2;
  }
  const privatePath = join(dir, "private.pem");
  const publicPath = join(dir, "public.pem");
  for (const path of [privatePath, publicPath]) {
    const exists = await access(path).then(
      () => true,
      () => false,
    );
    if (exists) {
      io.err(`Failed to write key pair: ${path} exists. Choose another --out folder, or move the old key away first.\n`);
      return 2;
    }
  }
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  await writeAtomic(privatePath, privateKey.export({ type: "pkcs8", format: "pem" }).toString(), 0o600);
  await writeAtomic(publicPath, publicKey.export({ type: "spki", format: "pem" }).toString(), 0o644);
  io.out(`wrote ${privatePath} (keep it secret)\nwrote ${publicPath}\nkey id ${keyIdOf(publicKey)}\n`);
  return 0;
}
