#ifndef GANTRY_CLIBSSH2_SHIM_H
#define GANTRY_CLIBSSH2_SHIM_H

#include <libssh2.h>
#include <libssh2_sftp.h>

// Swift does not import function-like macros: the few we need, as inline functions.

static inline LIBSSH2_SESSION *gantry_ssh2_session_init(void) {
    return libssh2_session_init_ex(NULL, NULL, NULL, NULL);
}

static inline LIBSSH2_CHANNEL *gantry_ssh2_channel_open_session(LIBSSH2_SESSION *session) {
    return libssh2_channel_open_ex(session, "session", sizeof("session") - 1,
                                   LIBSSH2_CHANNEL_WINDOW_DEFAULT, LIBSSH2_CHANNEL_PACKET_DEFAULT,
                                   NULL, 0);
}

static inline int gantry_ssh2_channel_exec(LIBSSH2_CHANNEL *channel, const char *command, unsigned int length) {
    return libssh2_channel_process_startup(channel, "exec", sizeof("exec") - 1, command, length);
}

static inline ssize_t gantry_ssh2_channel_read(LIBSSH2_CHANNEL *channel, char *buffer, size_t length) {
    return libssh2_channel_read_ex(channel, 0, buffer, length);
}

static inline ssize_t gantry_ssh2_channel_read_stderr(LIBSSH2_CHANNEL *channel, char *buffer, size_t length) {
    return libssh2_channel_read_ex(channel, SSH_EXTENDED_DATA_STDERR, buffer, length);
}

static inline ssize_t gantry_ssh2_channel_write(LIBSSH2_CHANNEL *channel, const char *buffer, size_t length) {
    return libssh2_channel_write_ex(channel, 0, buffer, length);
}

static inline int gantry_ssh2_userauth_publickey_fromfile(LIBSSH2_SESSION *session, const char *user,
                                                           const char *publickey, const char *privatekey,
                                                           const char *passphrase) {
    return libssh2_userauth_publickey_fromfile_ex(session, user, (unsigned int)strlen(user),
                                                  publickey, privatekey, passphrase);
}

static inline int gantry_ssh2_session_disconnect(LIBSSH2_SESSION *session, const char *description) {
    return libssh2_session_disconnect_ex(session, SSH_DISCONNECT_BY_APPLICATION, description, "");
}

static inline int gantry_ssh2_channel_close_and_wait(LIBSSH2_CHANNEL *channel) {
    int rc = libssh2_channel_close(channel);
    if (rc != 0) return rc;
    return libssh2_channel_wait_closed(channel);
}

static inline int gantry_ssh2_userauth_list_ready(LIBSSH2_SESSION *session, const char *user) {
    // Returns 0 when the list was fetched (or none is needed), LIBSSH2_ERROR_EAGAIN to retry.
    char *list = libssh2_userauth_list(session, user, (unsigned int)strlen(user));
    if (list != NULL || libssh2_userauth_authenticated(session)) return 0;
    return libssh2_session_last_errno(session);
}

static inline int gantry_ssh2_channel_close(LIBSSH2_CHANNEL *channel) {
    return libssh2_channel_close(channel);
}

static inline int gantry_ssh2_channel_wait_closed(LIBSSH2_CHANNEL *channel) {
    return libssh2_channel_wait_closed(channel);
}

#endif
