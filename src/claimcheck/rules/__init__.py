"""Rule families (CC1xx identities … CC9xx inputs) and the registry that finds them."""
