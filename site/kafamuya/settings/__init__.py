"""Settings package: `base` holds what every environment shares; `dev`, `test` and
`production` each start from it. Everything a deployment changes is an environment variable,
read in `kafamuya.settings.env` and listed in the README."""
