print("roster-gen: under construction")
