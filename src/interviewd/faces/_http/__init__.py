"""Shared ASGI pieces for the HTTP faces: responses, parameters, bodies, links, error routing."""
