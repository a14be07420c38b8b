package io.github.asyncjobs.job.processing;

import jakarta.inject.Singleton;

import org.hibernate.validator.spi.nodenameprovider.JavaBeanProperty;
import org.hibernate.validator.spi.nodenameprovider.Property;
import org.hibernate.validator.spi.nodenameprovider.PropertyNodeNameProvider;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Makes Bean Validation name properties as they are named in JSON ({@code store_id}, not {@code storeId}),
 * so that validation errors point into the request body a client sent.
 */
@Singleton
public class JsonPropertyNodeNames implements PropertyNodeNameProvider {

    private final ObjectMapper mapper;

    public JsonPropertyNodeNames(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public String getName(Property property) {
        if (property instanceof JavaBeanProperty bean) {
            var type = mapper.getSerializationConfig().constructType(bean.getDeclaringClass());
            return mapper.getSerializationConfig().introspect(type).findProperties().stream()
                    .filter(p -> p.getInternalName().equals(property.getName()))
                    .map(p -> p.getName())
                    .findFirst()
                    .orElse(property.getName());
        }
        return property.getName();
    }
}
