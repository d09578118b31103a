"""typolint's language server (``typolint lsp``): live diagnostics, quick fixes and vocabulary actions."""
