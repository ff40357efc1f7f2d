// The CDS Hooks Sandbox's signing key, PUBLISHED in its source code (github.com/cds-hooks/sandbox @ 3b7e255,
// keys/ecprivkey.pem, Apache-2.0): not a secret of anyone's. Tests sign with it exactly as the sandbox does, to
// show config/trusted-clients.cds-hooks-sandbox.json accepts the real sandbox. Its public half is the pinned key there.
export const CDS_HOOKS_SANDBOX_PRIVATE_KEY_PEM = `-----BEGIN PRIVATE KEY-----
MIG2AgEAMBAGByqGSM49AgEGBSuBBAAiBIGeMIGbAgEBBDDI5xiX1DMwqcEVSI9k
oGKMNX+WwS2fqhYVU6q0XJdtj/5XrdYIFhh3Gwuj09yWvzihZANiAAR3D8kZHycH
Yjpe943FQ6XaqTr31k8szadgjlJNJ2ISX1q8CSubcKR9gxuuuOvyVoFKbeYsT6fX
Ng2Vr9qITdxvedmwvnVFsLvKzDerxokvEab6HHv1E8xikhMOOnuSDPI=
-----END PRIVATE KEY-----
`;
