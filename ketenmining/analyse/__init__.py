"""Chain analytics: seams, cohort comparison and the forecast of work per organisation."""
