"""What the unified-API faces (Merge, Bindbee) share: bearer auth with a second token, strict query values,
cursors, expansions, and the fields both dialects give interviews, users, applications and job stages."""
