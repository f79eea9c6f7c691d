"""The catalogue: version-controlled data files of services, calls, projects and places."""
