package dev.gatehouse.keys.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * {@code JWT_PRIVATE_KEY_FILE}: PKCS#8 PEM keys of each type are read with their public part and
 * named by their thumbprint; every unusable file is refused with a sentence naming the problem.
 * Keys are generated per test: no key material is a fixture.
 */
class KeyFilesTest {

    private static KeyPair pair(String algorithm, Object parameter) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (parameter instanceof Integer bits) {
            generator.initialize(bits);
        } else if (parameter instanceof String curve) {
            generator.initialize(new ECGenParameterSpec(curve));
        }
        return generator.generateKeyPair();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Test
    void anRsaKeyIsReadWithItsPublicPartAndNamedByItsThumbprint() throws Exception {
        KeyPair pair = pair("RSA", 2048);

        JWK jwk = KeyFiles.read(pem("PRIVATE KEY", pair.getPrivate().getEncoded()), JWSAlgorithm.RS256);

        RSAKey rsa = (RSAKey) jwk;
        assertTrue(rsa.isPrivate());
        assertEquals(pair.getPublic(), rsa.toRSAPublicKey());
        assertEquals(rsa.toPublicJWK().computeThumbprint().toString(), rsa.getKeyID());
        assertEquals(JWSAlgorithm.RS256, rsa.getAlgorithm());
    }

    @Test
    void anRsaKeyOfLessThan2048BitsIsRefused() throws Exception {
        String pem = pem("PRIVATE KEY", pair("RSA", 1024).getPrivate().getEncoded());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyFiles.read(pem, JWSAlgorithm.RS256));
        assertTrue(e.getMessage().contains("1024 bits"), e.getMessage());
    }

    @Test
    void anEcKeyWithAPublicKeyBlockIsRead() throws Exception {
        KeyPair pair = pair("EC", "secp256r1");
        String pem = pem("PRIVATE KEY", pair.getPrivate().getEncoded()) + pem("PUBLIC KEY", pair.getPublic().getEncoded());

        ECKey ec = (ECKey) KeyFiles.read(pem, JWSAlgorithm.ES256);

        assertEquals(pair.getPublic(), ec.toECPublicKey());
        assertTrue(ec.isPrivate());
    }

    @Test
    void anEcKeyCarryingItsPublicKeyAsOpenSslWritesItIsRead() throws Exception {
        KeyPair pair = pair("EC", "secp256r1");

        ECKey ec = (ECKey) KeyFiles.read(pem("PRIVATE KEY", openSslPkcs8(pair)), JWSAlgorithm.ES256);

        assertEquals(pair.getPublic(), ec.toECPublicKey());
    }

    @Test
    void anEcKeyWithoutItsPublicKeyIsRefusedWithTheFix() throws Exception {
        String pem = pem("PRIVATE KEY", pair("EC", "secp256r1").getPrivate().getEncoded());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyFiles.read(pem, JWSAlgorithm.ES256));
        assertTrue(e.getMessage().contains("PUBLIC KEY"), e.getMessage());
    }

    @Test
    void anEcKeyOnAnotherCurveIsRefused() throws Exception {
        KeyPair pair = pair("EC", "secp384r1");
        String pem = pem("PRIVATE KEY", pair.getPrivate().getEncoded()) + pem("PUBLIC KEY", pair.getPublic().getEncoded());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyFiles.read(pem, JWSAlgorithm.ES256));
        assertTrue(e.getMessage().contains("P-256"), e.getMessage());
    }

    @Test
    void anEd25519KeyIsReadAndItsPublicKeyDerived() throws Exception {
        KeyPair pair = pair("Ed25519", null);

        OctetKeyPair okp = (OctetKeyPair) KeyFiles.read(pem("PRIVATE KEY", pair.getPrivate().getEncoded()), JWSAlgorithm.EdDSA);

        byte[] encoded = pair.getPublic().getEncoded();
        byte[] raw = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
        assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(raw), okp.getX().toString());
        assertTrue(okp.isPrivate());
    }

    @Test
    void aKeyOfTheWrongTypeForTheAlgorithmIsRefused() throws Exception {
        String rsa = pem("PRIVATE KEY", pair("RSA", 2048).getPrivate().getEncoded());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyFiles.read(rsa, JWSAlgorithm.ES256));
        assertTrue(e.getMessage().contains("EC private key"), e.getMessage());
    }

    @Test
    void notPemPkcs1AndEncryptedKeysAreRefusedWithWhatToDo() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KeyFiles.read("garbage", JWSAlgorithm.RS256))
                .getMessage().contains("PRIVATE KEY"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KeyFiles.read(pem("RSA PRIVATE KEY", new byte[] {1, 2}),
                JWSAlgorithm.RS256)).getMessage().contains("openssl pkcs8"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KeyFiles.read(
                pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2}), JWSAlgorithm.RS256)).getMessage().contains("encrypted"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KeyFiles.read(pem("PRIVATE KEY", new byte[] {1, 2, 3}),
                JWSAlgorithm.RS256)).getMessage().contains("RSA private key"));
    }

    /** The PKCS#8 encoding OpenSSL writes for an EC key: RFC 5915's ECPrivateKey with its public key. */
    private static byte[] openSslPkcs8(KeyPair pair) throws Exception {
        byte[] jdk = pair.getPrivate().getEncoded();
        byte[] algorithmId = firstChild(jdk, 1);
        byte[] d = unsigned32(((ECPrivateKey) pair.getPrivate()).getS());
        byte[] spki = pair.getPublic().getEncoded();
        byte[] point = Arrays.copyOfRange(spki, spki.length - 65, spki.length);
        byte[] bitString = tlv(0x03, concat(new byte[] {0}, point));
        byte[] ecPrivateKey = tlv(0x30, concat(tlv(0x02, new byte[] {1}), tlv(0x04, d), tlv(0xA1, bitString)));
        return tlv(0x30, concat(tlv(0x02, new byte[] {0}), algorithmId, tlv(0x04, ecPrivateKey)));
    }

    private static byte[] unsigned32(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] out = new byte[32];
        System.arraycopy(bytes, Math.max(0, bytes.length - 32), out, Math.max(0, 32 - bytes.length), Math.min(32, bytes.length));
        return out;
    }

    private static byte[] firstChild(byte[] sequence, int index) {
        int offset = 2 + ((sequence[1] & 0x80) != 0 ? sequence[1] & 0x7F : 0);
        for (int i = 0; ; i++) {
            int length = sequence[offset + 1] & 0xFF;
            int header = 2;
            if (length >= 0x80) {
                int bytes = length & 0x7F;
                length = 0;
                for (int b = 0; b < bytes; b++) {
                    length = (length << 8) | (sequence[offset + 2 + b] & 0xFF);
                }
                header += bytes;
            }
            if (i == index) {
                return Arrays.copyOfRange(sequence, offset, offset + header + length);
            }
            offset += header + length;
        }
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (content.length < 0x80) {
            out.write(content.length);
        } else if (content.length < 0x100) {
            out.write(0x81);
            out.write(content.length);
        } else {
            out.write(0x82);
            out.write(content.length >> 8);
            out.write(content.length & 0xFF);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
