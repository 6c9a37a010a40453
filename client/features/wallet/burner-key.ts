/** localStorage item of the burner wallet's private key (0x + 64 hex digits), one per browser profile. */
export const BURNER_KEY_ITEM = 'fracterra.burnerKey';
