"""Privacy by construction: keys, pseudonyms, the BSN check and small-cell suppression."""
