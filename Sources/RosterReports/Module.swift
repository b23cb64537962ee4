enum RosterReportsModule {}
