"""Link the sources into one chain log; episodes; the data-quality report."""
