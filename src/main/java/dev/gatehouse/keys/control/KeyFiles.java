package dev.gatehouse.keys.control;

import com.google.crypto.tink.subtle.Ed25519Sign;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the key pinned by {@code JWT_PRIVATE_KEY_FILE}: a PEM {@code PRIVATE KEY} block (PKCS#8,
 * as {@code openssl genpkey} writes it) of the type {@code JWT_ALGORITHM} needs. The public part is
 * derived from the private one (RSA, Ed25519), or taken from the PKCS#8 structure where
 * {@code openssl} embeds it (EC), or from a {@code PUBLIC KEY} block beside it. The key is named by
 * its RFC 7638 thumbprint. Any problem is one sentence an operator can act on.
 */
public final class KeyFiles {

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    private static final Map<JWSAlgorithm, String> KEY_TYPES = Map.of(
            JWSAlgorithm.RS256, "RSA", JWSAlgorithm.ES256, "EC", JWSAlgorithm.EdDSA, "Ed25519");

    private KeyFiles() {
    }

    /**
     * The private JWK in {@code pem}, for {@code algorithm}.
     *
     * @throws IllegalArgumentException naming what is wrong: not PEM, not PKCS#8, another key
     *         type, a weak RSA key, a missing EC public key
     */
    public static JWK read(String pem, JWSAlgorithm algorithm) {
        byte[] privateDer = null;
        byte[] publicDer = null;
        Matcher blocks = BLOCK.matcher(pem);
        while (blocks.find()) {
            byte[] der = Base64.getMimeDecoder().decode(blocks.group(2).replaceAll("\\s", ""));
            switch (blocks.group(1)) {
                case "PRIVATE KEY" -> privateDer = der;
                case "PUBLIC KEY" -> publicDer = der;
                case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> throw new IllegalArgumentException("holds a " + blocks.group(1)
                        + " block; convert it to PKCS#8 with `openssl pkcs8 -topk8 -nocrypt -in key.pem`");
                case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException(
                        "holds an encrypted key; store it unencrypted (PKCS#8) and protect the file instead");
                default -> {
                    // certificates and other blocks are ignored
                }
            }
        }
        if (privateDer == null) {
            throw new IllegalArgumentException("holds no PEM \"PRIVATE KEY\" block (PKCS#8)");
        }
        String type = KEY_TYPES.get(algorithm);
        if (type == null) {
            throw new IllegalArgumentException(algorithm + " is not a key-pair algorithm");
        }
        PrivateKey key;
        try {
            key = KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(privateDer));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("does not hold an " + type + " private key, which JWT_ALGORITHM="
                    + algorithm + " needs");
        }
        JWK named = withThumbprintId(toJwk(key, privateDer, publicDer, type), algorithm);
        PairSigningKey.of(named, algorithm);
        return named;
    }

    private static JWK withThumbprintId(JWK jwk, JWSAlgorithm algorithm) {
        try {
            String kid = jwk.computeThumbprint().toString();
            if (jwk instanceof RSAKey rsa) {
                return new RSAKey.Builder(rsa).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(algorithm).build();
            }
            if (jwk instanceof ECKey ec) {
                return new ECKey.Builder(ec).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(algorithm).build();
            }
            return new OctetKeyPair.Builder((OctetKeyPair) jwk).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(algorithm).build();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalArgumentException("cannot name the key: " + e.getMessage(), e);
        }
    }

    private static JWK toJwk(PrivateKey key, byte[] privateDer, byte[] publicDer, String type) {
        try {
            if (key instanceof RSAPrivateCrtKey rsa) {
                RSAPublicKey pub = (RSAPublicKey) KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
                return new RSAKey.Builder(pub).privateKey(rsa).build();
            }
            if (key instanceof ECPrivateKey ec) {
                byte[] spki = publicDer != null ? publicDer : embeddedEcPublicKey(privateDer)
                        .orElseThrow(() -> new IllegalArgumentException("holds an EC private key without its public key; "
                                + "add the PUBLIC KEY block (`openssl pkey -in key.pem -pubout >> key.pem`)"));
                PublicKey pub = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
                Curve curve = Curve.forECParameterSpec(ec.getParams());
                if (curve == null) {
                    throw new IllegalArgumentException("holds an EC key on a curve JOSE does not name");
                }
                return new ECKey.Builder(curve, (ECPublicKey) pub).privateKey(ec).build();
            }
            if (key instanceof EdECPrivateKey ed) {
                byte[] seed = ed.getBytes().orElseThrow(() -> new IllegalArgumentException("holds an Ed25519 key without its seed"));
                byte[] pub = Ed25519Sign.KeyPair.newKeyPairFromSeed(seed).getPublicKey();
                return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(pub)).d(Base64URL.encode(seed)).build();
            }
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("holds a " + type + " key that cannot be used: " + e.getMessage());
        }
        throw new IllegalArgumentException("holds a key of an unsupported kind");
    }

    /**
     * The SubjectPublicKeyInfo of the public key that PKCS#8 EC keys written by OpenSSL carry
     * ({@code ECPrivateKey.publicKey}, RFC 5915), rebuilt with the key's algorithm identifier.
     */
    static Optional<byte[]> embeddedEcPublicKey(byte[] pkcs8) {
        try {
            var parts = Der.read(pkcs8, 0).children();
            Der algorithmId = parts.get(1);
            Der ecPrivateKey = Der.read(parts.get(2).content(), 0);
            for (Der field : ecPrivateKey.children()) {
                if (field.tag() == 0xA1) {
                    Der bitString = Der.read(field.content(), 0);
                    byte[] spki = Der.sequence(algorithmId.encoded(), bitString.encoded());
                    return Optional.of(spki);
                }
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The least of DER this class needs: one tag-length-value, its encoding and its children. */
    private record Der(int tag, byte[] encoded, int contentStart) {

        static Der read(byte[] data, int offset) {
            int tag = data[offset] & 0xFF;
            int lengthByte = data[offset + 1] & 0xFF;
            int length;
            int header;
            if (lengthByte < 0x80) {
                length = lengthByte;
                header = 2;
            } else {
                int bytes = lengthByte & 0x7F;
                if (bytes > 3) {
                    throw new IllegalArgumentException("DER length too long");
                }
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = (length << 8) | (data[offset + 2 + i] & 0xFF);
                }
                header = 2 + bytes;
            }
            return new Der(tag, Arrays.copyOfRange(data, offset, offset + header + length), header);
        }

        byte[] content() {
            return Arrays.copyOfRange(encoded, contentStart, encoded.length);
        }

        java.util.List<Der> children() {
            byte[] content = content();
            java.util.List<Der> children = new java.util.ArrayList<>();
            for (int offset = 0; offset < content.length; ) {
                Der child = read(content, offset);
                children.add(child);
                offset += child.encoded.length;
            }
            return children;
        }

        static byte[] sequence(byte[]... parts) {
            int length = Arrays.stream(parts).mapToInt(p -> p.length).sum();
            byte[] lengthBytes = length < 0x80 ? new byte[] {(byte) length}
                    : length < 0x100 ? new byte[] {(byte) 0x81, (byte) length}
                    : new byte[] {(byte) 0x82, (byte) (length >> 8), (byte) length};
            byte[] out = new byte[1 + lengthBytes.length + length];
            out[0] = 0x30;
            System.arraycopy(lengthBytes, 0, out, 1, lengthBytes.length);
            int at = 1 + lengthBytes.length;
            for (byte[] part : parts) {
                System.arraycopy(part, 0, out, at, part.length);
                at += part.length;
            }
            return out;
        }
    }
}
