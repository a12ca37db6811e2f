"""Connected accounts: connecting, health and re-authentication, token rotation, building clients."""
