"""Settings from the environment and the production profile's demands."""
