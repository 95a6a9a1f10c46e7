/* Site-wide behaviour that the DSFR scripts do not provide. Loaded as a module (deferred). */
