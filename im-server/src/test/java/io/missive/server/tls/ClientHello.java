package io.missive.server.tls;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;

/**
 * A minimal TLS ClientHello of a chosen version, written by hand: Java's own TLS client no longer offers
 * TLS 1.1 at all, so a test that the server refuses it must speak for itself. ECDHE suites (AES-GCM for
 * TLS 1.2, AES-CBC that TLS 1.1 could use), the P-256 group and ECDSA/RSA signatures.
 */
final class ClientHello {

    private ClientHello() {
    }

    /** @param version 0x0302 for TLS 1.1, 0x0303 for TLS 1.2 */
    static byte[] of(final int version) {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        u16(body, version);
        final byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        body.writeBytes(random);
        body.write(0); // no session id
        final int[] suites = {0xC02B, 0xC02F, 0xC009, 0xC013, 0x002F};
        u16(body, suites.length * 2);
        for (final int suite : suites) {
            u16(body, suite);
        }
        body.write(1); // one compression method
        body.write(0); // null
        final ByteArrayOutputStream extensions = new ByteArrayOutputStream();
        extension(extensions, 0x000A, new byte[]{0, 2, 0, 0x17}); // supported groups: secp256r1
        extension(extensions, 0x000B, new byte[]{1, 0}); // EC point formats: uncompressed
        extension(extensions, 0x000D, new byte[]{0, 4, 0x04, 0x03, 0x04, 0x01}); // ecdsa and rsa with SHA-256
        u16(body, extensions.size());
        body.writeBytes(extensions.toByteArray());

        final ByteArrayOutputStream handshake = new ByteArrayOutputStream();
        handshake.write(1); // ClientHello
        u24(handshake, body.size());
        handshake.writeBytes(body.toByteArray());

        final ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(22); // handshake
        u16(record, 0x0301); // record version, as clients send it
        u16(record, handshake.size());
        record.writeBytes(handshake.toByteArray());
        return record.toByteArray();
    }

    private static void extension(final ByteArrayOutputStream out, final int type, final byte[] data) {
        u16(out, type);
        u16(out, data.length);
        out.writeBytes(data);
    }

    private static void u16(final ByteArrayOutputStream out, final int value) {
        out.write((value >> 8) & 0xff);
        out.write(value & 0xff);
    }

    private static void u24(final ByteArrayOutputStream out, final int value) {
        out.write((value >> 16) & 0xff);
        u16(out, value & 0xffff);
    }
}
