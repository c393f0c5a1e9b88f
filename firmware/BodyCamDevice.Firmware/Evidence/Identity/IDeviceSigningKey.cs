// The device's identity: an ECDSA P-256 key pair whose private half never leaves where it is
// kept. Everything the device vouches for (clip manifests, audit checkpoints) is signed through
// this one seam, so the key can move from a file in the state directory (FileDeviceSigningKey)
// into a secure element (ATECC608: its Sign command takes a 32-byte digest and returns r and s)
// or a TPM (TPM2_Sign over a digest) without anything above it changing; hardware.md says how.
//
// Threads: implementations are safe to call from any thread.
namespace BodyCamDevice.Firmware.Evidence.Identity;

public interface IDeviceSigningKey
{
    // The public key as a SubjectPublicKeyInfo PEM ("-----BEGIN PUBLIC KEY-----").
    string PublicKeyPem { get; }

    // Lower-case hex SHA-256 of the public key's SubjectPublicKeyInfo DER: what
    // `openssl pkey -pubin -outform DER | sha256sum` prints. Names the key in JWS headers ("kid").
    string Fingerprint { get; }

    // ECDSA P-256 signature of a SHA-256 digest (32 bytes), as JWS ES256 wants it: r and s, each
    // 32 bytes big-endian, concatenated (IEEE P1363), not DER.
    byte[] SignDigest(ReadOnlySpan<byte> sha256Digest);
}
