// Progressive comfort only: every page works without this script.
