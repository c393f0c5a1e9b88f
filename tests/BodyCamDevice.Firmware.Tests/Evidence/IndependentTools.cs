// The tools a third party would use, run as separate processes: Node's built-in crypto to verify
// the device's JWS signatures with nothing but its public key, and the openssl command line to
// make an evidence store's key pair and to decrypt clips exactly as docs/evidence-format.md
// tells (the Axis BWI's decrypt steps: grep, cut, base64, openssl pkeyutl/enc).
using System.Text;
using BodyCamDevice.Firmware.Tests.Capture.MpegTs;

namespace BodyCamDevice.Firmware.Tests.Evidence;

internal static class IndependentTools
{
    // Verifies a flattened JWS JSON file (argv[2]) or a compact JWS in a file (argv[3] = "compact")
    // with an EC public key PEM (argv[1]); prints the payload, exits 1 when the signature fails.
    private const string NodeVerifier = """
        const crypto = require('crypto');
        const fs = require('fs');
        const key = crypto.createPublicKey(fs.readFileSync(process.argv[1]));
        const text = fs.readFileSync(process.argv[2], 'utf8').trim();
        let header, payload, signature;
        if (process.argv[3] === 'compact') { [header, payload, signature] = text.split('.'); }
        else { const jws = JSON.parse(text); header = jws.protected; payload = jws.payload; signature = jws.signature; }
        const alg = JSON.parse(Buffer.from(header, 'base64url').toString()).alg;
        if (alg !== 'ES256') { console.error('alg ' + alg); process.exit(2); }
        const ok = crypto.verify('sha256', Buffer.from(header + '.' + payload), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
        if (!ok) { console.error('signature does not verify'); process.exit(1); }
        process.stdout.write(Buffer.from(payload, 'base64url'));
        """;

    // The documented decryption: $1 private key, $2 key object, $3 encrypted clip, $4 output,
    // $5 extra openssl enc options (-nopad for a torn clip).
    private const string OpensslDecrypt = """
        set -euo pipefail
        key=$(grep EncryptedKey "$2" | cut -d'"' -f 4 | base64 -d | openssl pkeyutl -decrypt -inkey "$1" -pkeyopt rsa_padding_mode:oaep | xxd -p | tr -d '\n')
        iv=$(grep ContentEncryptionIV "$2" | cut -d'"' -f 4 | base64 -d | xxd -p | tr -d '\n')
        openssl enc -d -aes-256-cbc -K "$key" -iv "$iv" -in "$3" -out "$4" ${5:-}
        """;

    // The JWS payload as Node reads it; throws when Node finds the signature bad.
    public static byte[] NodeVerify(string publicKeyPemFile, string jwsFile, bool compact = false) =>
        FfmpegTool.Run("node", ["-e", NodeVerifier, publicKeyPemFile, jwsFile, .. compact ? new[] { "compact" } : []]);

    // An RSA key pair made by openssl: (private PEM path, public PEM path).
    public static (string Private, string Public) RsaKeyPair(string directory, int bits = 2048)
    {
        string privateKey = Path.Combine(directory, $"destination-{bits}.key.pem");
        string publicKey = Path.Combine(directory, $"destination-{bits}.pub.pem");
        FfmpegTool.Run("openssl", ["genpkey", "-algorithm", "RSA", "-pkeyopt", $"rsa_keygen_bits:{bits}", "-out", privateKey]);
        FfmpegTool.Run("openssl", ["pkey", "-in", privateKey, "-pubout", "-out", publicKey]);
        return (privateKey, publicKey);
    }

    // Decrypts with the openssl command line alone, as a holder of the private key would.
    public static void Decrypt(string privateKey, string keyObject, string clip, string output, bool torn = false) =>
        FfmpegTool.Run("bash", ["-c", OpensslDecrypt, "decrypt", privateKey, keyObject, clip, output, torn ? "-nopad" : ""]);

    public static string Openssl(params string[] arguments) => Encoding.ASCII.GetString(FfmpegTool.Run("openssl", arguments));
}
