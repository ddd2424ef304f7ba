"""Debug-mode checks of how the application uses the driver."""
