print("roster: under construction")
