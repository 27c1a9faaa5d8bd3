"""quotecheck's reading side: articles in, attributed statements out."""
