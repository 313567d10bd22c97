import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

/**
 * The tests' second XSD validator: the JDK's own javax.xml.validation (Xerces inside), independent of the
 * libxml2 the emulator uses. Run once per test file as `java XsdCheck.java` (single-file source launch), so
 * the JVM starts once, not once per document. Protocol, one line each way, in order:
 *   request:  <xsd path> TAB <base64 of the UTF-8 XML>
 *   answer:   VALID | INVALID TAB <base64 of the messages, one per line> | FATAL TAB <base64 of the message>
 * FATAL means the check itself failed (the schema did not load, the XML is not well-formed): a broken test,
 * never "the document is invalid".
 */
public class XsdCheck {
  private static final Map<String, Schema> SCHEMAS = new HashMap<>();

  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isEmpty()) continue;
      int tab = line.indexOf('\t');
      String xsd = line.substring(0, tab);
      String xml = new String(Base64.getDecoder().decode(line.substring(tab + 1)), StandardCharsets.UTF_8);
      out.println(check(xsd, xml));
    }
  }

  private static String encode(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String check(String xsd, String xml) {
    List<String> errors = new ArrayList<>();
    try {
      Validator validator = schema(xsd).newValidator();
      validator.setErrorHandler(new ErrorHandler() {
        // collect every error, as xsd-schema-validator did, so a test can look for the intended reason
        public void warning(SAXParseException e) {}
        public void error(SAXParseException e) {
          errors.add(e.getLineNumber() + ":" + e.getColumnNumber() + " " + e.getMessage());
        }
        public void fatalError(SAXParseException e) throws SAXParseException {
          throw e;
        }
      });
      validator.validate(new StreamSource(new StringReader(xml)));
    } catch (Exception e) {
      return "FATAL\t" + encode(String.valueOf(e.getMessage()));
    }
    return errors.isEmpty() ? "VALID" : "INVALID\t" + encode(String.join("\n", errors));
  }

  private static Schema schema(String xsd) throws Exception {
    Schema schema = SCHEMAS.get(xsd);
    if (schema == null) {
      SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
      // the documents under test are ours: no DTDs, and imports only from the schema's own folder
      factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
      schema = factory.newSchema(new StreamSource(new java.io.File(xsd)));
      SCHEMAS.put(xsd, schema);
    }
    return schema;
  }
}
