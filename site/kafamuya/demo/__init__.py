"""The demo archive built by `manage.py load_demo`: content in French, English translations."""
