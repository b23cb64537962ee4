enum RosterStoreModule {}
