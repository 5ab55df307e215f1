"""Speaker identity maintained by editors: merging two speakers that are one entity and splitting
spellings off a speaker that are another, each recorded in the speakers' append-only history."""
