"""The faces: each speaks one wire dialect over the same core."""
